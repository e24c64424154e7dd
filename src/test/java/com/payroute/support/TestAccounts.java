package com.payroute.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Account numbers used by tests. Every one handed out is remembered, so the log scan can prove
 * that none of them ever reached a log line.
 */
public final class TestAccounts {

    private static final List<String> ISSUED = new CopyOnWriteArrayList<>();

    private TestAccounts() {
    }

    public static String next() {
        StringBuilder number = new StringBuilder("622202");
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (number.length() < 19) {
            number.append(random.nextInt(10));
        }
        String issued = number.toString();
        ISSUED.add(issued);
        return issued;
    }

    public static List<String> issued() {
        return ISSUED;
    }
}
