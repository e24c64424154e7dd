package com.payroute.channel;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * A channel's accounting day (API.md section 2): local to its time zone, ending at its daily cut-off.
 * With a 23:00 cut-off, day D runs from D-1 23:00 to D 23:00, so an order sent at 23:59:30 belongs to
 * the next day's statement. A cut-off of 00:00 is midnight: the calendar day.
 */
public final class AccountingDay {

    private AccountingDay() {
    }

    public static LocalDate of(Instant at, ZoneId zone, LocalTime cutoff) {
        return LocalDateTime.ofInstant(at, zone).plusMinutes(shift(cutoff)).toLocalDate();
    }

    /** The moment day {@code day} ends (its cut-off, local to {@code zone}). */
    public static Instant end(LocalDate day, ZoneId zone, LocalTime cutoff) {
        return day.atStartOfDay(zone).toLocalDateTime().plusDays(1).minusMinutes(shift(cutoff)).atZone(zone).toInstant();
    }

    private static int shift(LocalTime cutoff) {
        return (1440 - (cutoff.getHour() * 60 + cutoff.getMinute())) % 1440;
    }
}
