package com.payroute.channel;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a channel sends payouts: local "HH:mm-HH:mm" ranges in the channel's time zone (the end is
 * exclusive and may be 24:00; a range whose end is before its start runs over midnight). None at
 * all means always.
 */
public record PayoutWindows(List<Range> ranges, ZoneId zone) {

    private static final Pattern RANGE = Pattern.compile("([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-4]):([0-5][0-9])");

    /** One local range, in minutes of the day; {@code end} may be 1440. */
    public record Range(int start, int end) {
        boolean contains(int minute) {
            return start < end ? minute >= start && minute < end : minute >= start || minute < end;
        }
    }

    public static boolean valid(String text) {
        Matcher m = RANGE.matcher(text);
        if (!m.matches()) {
            return false;
        }
        int start = Integer.parseInt(m.group(1)) * 60 + Integer.parseInt(m.group(2));
        int end = Integer.parseInt(m.group(3)) * 60 + Integer.parseInt(m.group(4));
        return end <= 1440 && start != end;
    }

    public static PayoutWindows of(List<String> texts, ZoneId zone) {
        List<Range> ranges = new ArrayList<>();
        for (String text : texts) {
            Matcher m = RANGE.matcher(text);
            if (m.matches()) {
                ranges.add(new Range(Integer.parseInt(m.group(1)) * 60 + Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)) * 60 + Integer.parseInt(m.group(4))));
            }
        }
        return new PayoutWindows(List.copyOf(ranges), zone);
    }

    public boolean always() {
        return ranges.isEmpty();
    }

    public boolean openAt(Instant instant) {
        if (always()) {
            return true;
        }
        LocalTime local = instant.atZone(zone).toLocalTime();
        int minute = local.getHour() * 60 + local.getMinute();
        return ranges.stream().anyMatch(r -> r.contains(minute));
    }

    /** The first moment at or after {@code from} when a window is open. */
    public Instant nextOpening(Instant from) {
        if (openAt(from)) {
            return from;
        }
        ZonedDateTime local = from.atZone(zone);
        Instant best = null;
        for (int day = 0; day <= 1; day++) {
            LocalDate date = local.toLocalDate().plusDays(day);
            for (Range r : ranges) {
                Instant start = date.atStartOfDay(zone).plusMinutes(r.start()).toInstant();
                if (!start.isBefore(from) && (best == null || start.isBefore(best))) {
                    best = start;
                }
            }
        }
        return best;
    }
}
