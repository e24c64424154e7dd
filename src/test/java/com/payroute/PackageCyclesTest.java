package com.payroute;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The top-level packages (payment, routing, channel, …) never import each other in a circle: each
 * concept can be read, changed and tested from its package down, never around a loop.
 */
class PackageCyclesTest {

    private static final Path ROOT = Path.of("src/main/java/com/payroute");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?com\\.payroute\\.([a-z]+)\\.", Pattern.MULTILINE);

    @Test
    void noTwoPackagesDependOnEachOtherThroughAnyPath() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String own = ROOT.relativize(file).getName(0).toString();
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).equals(own)) {
                        uses.computeIfAbsent(own, k -> new TreeSet<>()).add(m.group(1));
                    }
                }
            }
        }
        List<String> loops = new ArrayList<>();
        for (String from : uses.keySet()) {
            for (String to : uses.get(from)) {
                List<String> back = path(uses, to, from);
                if (back != null) {
                    loops.add(from + " -> " + String.join(" -> ", back));
                }
            }
        }
        assertEquals(List.of(), loops, "package cycles");
    }

    /** A path of imports from {@code from} to {@code to}, or null. */
    private static List<String> path(Map<String, Set<String>> uses, String from, String to) {
        Map<String, String> cameFrom = new HashMap<>();
        List<String> queue = new ArrayList<>(List.of(from));
        Set<String> seen = new HashSet<>(queue);
        for (int i = 0; i < queue.size(); i++) {
            String at = queue.get(i);
            if (at.equals(to)) {
                List<String> path = new ArrayList<>();
                for (String step = to; step != null; step = cameFrom.get(step)) {
                    path.add(0, step);
                }
                return path;
            }
            for (String next : uses.getOrDefault(at, Set.of())) {
                if (seen.add(next)) {
                    cameFrom.put(next, at);
                    queue.add(next);
                }
            }
        }
        return null;
    }
}
