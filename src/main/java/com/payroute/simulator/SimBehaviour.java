package com.payroute.simulator;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * How a simulated channel behaves (API.md section 4), changeable at runtime.
 *
 * @param successRate  share of orders that end SUCCEEDED (the rest FAILED)
 * @param latencyMs    time before answering
 * @param timeoutRate  share of orders that are taken and settled but answered only after {@code hangMs}
 * @param down         when true, orders are not taken: answers 503, or hangs when {@code downMode} is HANG
 * @param downMode     ERROR or HANG
 * @param maxConcurrency requests handled at once; more are answered 429 and not taken
 * @param asyncRate    share of orders answered PROCESSING and settled {@code settleMs} later
 * @param settleMs     delay before an async order settles
 * @param hangMs       how long a hung answer is withheld
 * @param deduplicate  answer 409 to a repeated orderNo; off by default, so tests prove payroute never repeats
 * @param visibilityDelayMs a taken order answers 404 to queries for this long (it is still on its way to the ledger)
 * @param bookOnAnswer an order is taken only when its answer is sent, not when it arrives (even if nobody listens any more)
 * @param ghostChargeRate share of orders charged (in the channel's books and statement) but answered FAILED, queries included
 * @param statementOmitRate share of orders and refunds left out of statements (the same ones every time)
 * @param statementReadyAfterMs a day's statement answers 404 until this long after the day ended; negative: at once
 * @param timezone     the channel's time zone, for its accounting days
 * @param cutoff       local "HH:mm" at which its accounting day ends
 * @param bankSuccessRates success rate for orders to some banks, in place of {@code successRate} (a bank's
 *                     route on this channel failing while its other banks are fine)
 */
@RegisterForReflection
public record SimBehaviour(double successRate, long latencyMs, double timeoutRate, boolean down, String downMode,
        int maxConcurrency, double asyncRate, long settleMs, long hangMs, boolean deduplicate, long visibilityDelayMs,
        boolean bookOnAnswer, double ghostChargeRate, double statementOmitRate, long statementReadyAfterMs, String timezone,
        String cutoff, java.util.Map<String, Double> bankSuccessRates) {

    public static final SimBehaviour DEFAULT = new SimBehaviour(1.0, 20, 0.0, false, "ERROR", 50, 0.0, 3000, 60_000, false,
            0, false, 0.0, 0.0, -1, "Asia/Shanghai", "23:00", java.util.Map.of());

    public SimBehaviour {
        bankSuccessRates = bankSuccessRates == null ? java.util.Map.of() : java.util.Map.copyOf(bankSuccessRates);
    }

    /** The success rate of an order to {@code bankCode} (null: a refund, the channel's rate). */
    public double successRate(String bankCode) {
        return bankCode == null ? successRate : bankSuccessRates.getOrDefault(bankCode, successRate);
    }

    public boolean hangsWhenDown() {
        return "HANG".equals(downMode);
    }
}
