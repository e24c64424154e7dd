package com.payroute.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AccountNumberMaskTest {

    @Test
    void hidesAtLeastHalfOfTheDigitsWhateverTheLength() {
        assertEquals("622202*********9767", AccountNumberMask.mask("6222021507001069767"));
        assertEquals("4111********1111", AccountNumberMask.mask("4111111111111111"));
        assertEquals("12******9012", AccountNumberMask.mask("123456789012"));
        for (int length = 12; length <= 19; length++) {
            String digits = "9".repeat(length);
            long hidden = AccountNumberMask.mask(digits).chars().filter(c -> c == '*').count();
            assertTrue(hidden >= length / 2 && hidden >= length - 10, length + " digits hide " + hidden);
            assertEquals(length, AccountNumberMask.mask(digits).length());
        }
    }

    @Test
    void masksEveryAccountShapedRunInText() {
        assertEquals("card 622202*********9767 and 4111********1111 end",
                AccountNumberMask.maskAll("card 6222021507001069767 and 4111111111111111 end"));
        assertEquals("order ORD-12345 amount 270.00 at 2026-11-22T08:00:00Z",
                AccountNumberMask.maskAll("order ORD-12345 amount 270.00 at 2026-11-22T08:00:00Z"));
        assertEquals("12345678901234567890123", AccountNumberMask.maskAll("12345678901234567890123"), "longer runs are not accounts");
    }

    @Test
    void numbersWrittenWithSpacesOrDashesAreMaskedToo() {
        assertEquals("declined: 622202*********9767!", AccountNumberMask.maskAll("declined: 6222 0215 0700 1069 767!"));
        assertEquals("card 4111********1111", AccountNumberMask.maskAll("card 4111-1111-1111-1111"));
        assertEquals("tel 010 1234 5678", AccountNumberMask.maskAll("tel 010 1234 5678"), "eleven digits are no account");
    }
}
