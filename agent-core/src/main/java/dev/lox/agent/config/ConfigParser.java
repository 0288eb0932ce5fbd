package dev.lox.agent.config;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import dev.lox.internal.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the agent's config file: one rule a line, blank lines and {@code #} comments ignored.
 *
 * <pre>
 * # kind        method pattern
 * thread(8)     com.example.Crawler#fetch(String)
 * thread        com.example.Crawler#parse*          # default: 50 threads
 * process(4)    com.example.images.Resizer#resize
 * process       com.example.images.Resizer#thumb    # default: one worker per processor
 * cluster(64)   com.example.Tiles#render            # at most 64 calls in flight on the cluster
 * cluster       com.example.Tiles#shade             # default: 64 calls in flight
 * virtual       com.example.Crawler#get             # a virtual thread per call, no bound
 * virtual(200)  com.example.Crawler#head            # at most 200 calls in flight
 * gather        com.example.images.Resizer#resizeAll
 * gather        com.example.Batch#run  accept(try-catch,used-after)
 * process(2)    com.example.Render#tile  callTimeout(30s)   # a call may run 30 s in a worker
 * cluster(8)    com.example.Tiles#paint  callTimeout(30s)   # a call may run 30 s on a member
 * carry         com.example.RequestContext#CURRENT   # a static ThreadLocal carried into calls
 * carry         mdc                                  # SLF4J's MDC carried into calls
 * </pre>
 *
 * <p>A rule may end with {@code accept(...)}: the hazards (see {@link Hazard}) for which a call is
 * scattered nonetheless; a process or cluster rule with {@code callTimeout(...)}: how long one call
 * may run in a worker or on a member ({@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, ISO-8601, or {@code none}).
 *
 * <p>A comment starts at a {@code #} at the start of a line or after whitespace; a {@code #}
 * inside a pattern ({@code Crawler#fetch}) separates class and method. See {@link MethodPattern}
 * for patterns. Every error of the file is collected, each as {@code file:line: what is wrong}.
 */
public final class ConfigParser {
    private static final String KINDS = "thread, thread(N), virtual, virtual(N), process, process(N), cluster, cluster(N), gather or carry";

    private ConfigParser() {
    }

    /**
     * Parses the file at {@code path}; {@code name} is how messages name it (as the user wrote it).
     *
     * @throws ConfigException listing every error, or saying why the file cannot be read
     */
    public static List<ConfigRule> parse(File file, String name) throws ConfigException {
        if (!file.isFile()) {
            throw new ConfigException(name + ": no such config file (looked in " + file.getAbsolutePath()
                    + "): fix the path, or create the file");
        }
        // java.io rather than java.nio.file: this runs in premain, and java.io's classes are loaded already.
        String text;
        try (InputStream in = new FileInputStream(file)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(name + ": cannot read the config file: " + e);
        }
        return parse(name, lines(text));
    }

    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines.add(text.substring(start, i > start && text.charAt(i - 1) == '\r' ? i - 1 : i));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    /** Parses config lines; {@code name} is the file name for messages. */
    public static List<ConfigRule> parse(String name, List<String> lines) throws ConfigException {
        List<ConfigRule> rules = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNumber = i + 1;
            String raw = lines.get(i);
            if (i == 0 && raw.startsWith("\uFEFF")) {
                // A UTF-8 byte order mark (Windows editors write one) is not whitespace to strip():
                // left in, it would glue itself to the first kind or comment of the file.
                raw = raw.substring(1);
            }
            String line = stripComment(raw).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                rules.add(parseRule(line, name, lineNumber));
            } catch (IllegalArgumentException e) {
                errors.add(name + ":" + lineNumber + ": " + e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return List.copyOf(rules);
    }

    private static String stripComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static ConfigRule parseRule(String line, String file, int lineNumber) {
        int space = 0;
        while (space < line.length() && !Character.isWhitespace(line.charAt(space))) {
            space++;
        }
        String kindText = line.substring(0, space);
        String patternText = line.substring(space).strip();
        ConfigRule.Kind kind;
        int size;
        String bare = kindText.contains("(") ? kindText.substring(0, kindText.indexOf('(')) : kindText;
        switch (bare) {
            case "thread":
                kind = ConfigRule.Kind.THREAD;
                size = count(kindText, bare, dev.lox.internal.PoolSpec.DEFAULT_THREADS);
                break;
            case "virtual":
                kind = ConfigRule.Kind.VIRTUAL;
                size = count(kindText, bare, dev.lox.internal.PoolSpec.UNBOUNDED);
                break;
            case "process":
                kind = ConfigRule.Kind.PROCESS;
                size = count(kindText, bare, dev.lox.internal.PoolSpec.defaultProcesses());
                break;
            case "cluster":
                kind = ConfigRule.Kind.CLUSTER;
                size = count(kindText, bare, dev.lox.internal.PoolSpec.DEFAULT_CLUSTER_CALLS);
                break;
            case "carry":
                return CarryRules.parse(kindText, patternText, file, lineNumber);
            case "gather":
                kind = ConfigRule.Kind.GATHER;
                size = 0;
                if (!kindText.equals("gather")) {
                    throw new IllegalArgumentException("gather takes no count, found \"" + kindText + "\": write gather");
                }
                break;
            default:
                if (kindText.indexOf('#') >= 0) {
                    throw new IllegalArgumentException("missing kind before \"" + kindText + "\": start the line with "
                            + KINDS + ", as in thread(8) " + kindText);
                }
                throw new IllegalArgumentException("unknown kind \"" + kindText + "\": write " + KINDS);
        }
        if (patternText.isEmpty()) {
            throw new IllegalArgumentException(kindText + " needs a method pattern after it, as in "
                    + kindText + " com.example.Crawler#fetch");
        }
        if (patternText.startsWith("(")) {
            throw new IllegalArgumentException("space between \"" + kindText + "\" and its count: write "
                    + kindText + patternText.substring(0, Math.max(1, patternText.indexOf(')') + 1)).replace(" ", ""));
        }
        int open = patternText.indexOf('(');
        int gap = indexOfWhitespace(patternText);
        int end = gap < 0 ? patternText.length() : gap;
        if (open >= 0 && (gap < 0 || open < gap)) {
            int close = patternText.indexOf(')', open);
            end = close < 0 ? patternText.length() : close + 1;
        }
        String rest = patternText.substring(end).strip();
        patternText = patternText.substring(0, end);
        Set<Hazard> accept = Set.of();
        Duration callTimeout = null;
        for (String option : options(rest, patternText)) {
            if (option.startsWith("accept")) {
                accept = accept(option, kindText, patternText);
            } else if (option.startsWith("callTimeout")) {
                callTimeout = callTimeout(option, kind, kindText, patternText);
            } else {
                throw new IllegalArgumentException("unexpected \"" + option + "\" after the pattern \"" + patternText
                        + "\": a rule may end with accept(...) or, for a process or cluster rule, callTimeout(...); write one rule a"
                        + " line, and start comments with ' #'");
            }
        }
        return new ConfigRule(kind, size, MethodPattern.parse(patternText), file, lineNumber, accept, callTimeout);
    }

    /** What follows a rule's pattern, as options such as {@code accept(used-after)}, each up to its ')'. */
    private static List<String> options(String rest, String patternText) {
        List<String> options = new ArrayList<>();
        int start = 0;
        while (start < rest.length()) {
            int close = rest.indexOf(')', start);
            int gap = indexOfWhitespace(rest.substring(start));
            int open = rest.indexOf('(', start);
            int end = open >= 0 && close > open && (gap < 0 || open < start + gap) ? close + 1
                    : gap < 0 ? rest.length() : start + gap;
            options.add(rest.substring(start, end).strip());
            start = end;
            while (start < rest.length() && Character.isWhitespace(rest.charAt(start))) {
                start++;
            }
        }
        return options;
    }

    /** {@code callTimeout(30s)} on a process or cluster rule. */
    private static Duration callTimeout(String text, ConfigRule.Kind kind, String kindText, String patternText) {
        String compact = text.replace(" ", "");
        if (!compact.startsWith("callTimeout(") || !compact.endsWith(")")) {
            throw new IllegalArgumentException("bad \"" + text + "\": write callTimeout(...) with a duration, as in "
                    + kindText + " " + patternText + " callTimeout(30s)");
        }
        if (kind != ConfigRule.Kind.PROCESS && kind != ConfigRule.Kind.CLUSTER) {
            throw new IllegalArgumentException(text + " is for process and cluster rules, and this is a " + kindText + " rule: a"
                    + " call on a thread cannot be stopped; remove it, or make the rule process(N)");
        }
        return Timeouts.parse(text, compact.substring("callTimeout(".length(), compact.length() - 1));
    }

    /** {@code accept(try-catch,used-after)}: the hazards, each by its config name. */
    private static Set<Hazard> accept(String text, String kindText, String patternText) {
        String example = kindText + " " + patternText + " accept(used-after)";
        String compact = text.replace(" ", "");
        if (!compact.startsWith("accept(") || !compact.endsWith(")")) {
            throw new IllegalArgumentException("bad \"" + text + "\": write accept(...) with the hazards to accept, "
                    + Hazard.names() + ", as in " + example);
        }
        String inside = compact.substring("accept(".length(), compact.length() - 1);
        if (inside.isEmpty()) {
            throw new IllegalArgumentException("accept() names no hazard: write one or more of " + Hazard.names()
                    + ", as in " + example);
        }
        Set<Hazard> hazards = EnumSet.noneOf(Hazard.class);
        for (String name : inside.split(",", -1)) {
            hazards.add(Hazard.ofConfigName(name));
        }
        return hazards;
    }

    private static int indexOfWhitespace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static int count(String kindText, String bare, int defaultCount) {
        if (kindText.equals(bare)) {
            return defaultCount;
        }
        if (!kindText.endsWith(")")) {
            throw new IllegalArgumentException("missing ')' in \"" + kindText + "\": write " + bare + "(N), as in " + bare + "(8)");
        }
        String digits = kindText.substring(bare.length() + 1, kindText.length() - 1).strip();
        int n;
        try {
            n = Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0 || digits.startsWith("+")) {
            throw new IllegalArgumentException("bad count \"" + digits + "\" in " + kindText + ": write a whole number, 0 or more, as in "
                    + bare + "(8) (0 runs calls in the caller), or " + bare + " alone for the default");
        }
        return n;
    }
}
