package com.payroute.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AccountNumberMaskTest {

    @Test
    void masksAllButFirstSixAndLastFour() {
        assertEquals("622202*********9767", AccountNumberMask.mask("6222021507001069767"));
        assertEquals("123456**9012", AccountNumberMask.mask("123456789012"));
    }

    @Test
    void masksEveryAccountShapedRunInText() {
        assertEquals("card 622202*********9767 and 411111******1111 end",
                AccountNumberMask.maskAll("card 6222021507001069767 and 4111111111111111 end"));
        assertEquals("order ORD-12345 amount 270.00 at 2026-11-22T08:00:00Z",
                AccountNumberMask.maskAll("order ORD-12345 amount 270.00 at 2026-11-22T08:00:00Z"));
        assertEquals("12345678901234567890123", AccountNumberMask.maskAll("12345678901234567890123"), "longer runs are not accounts");
    }
}
