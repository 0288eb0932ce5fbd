package dev.lox.agent.config;

/**
 * Parses a {@code carry} line of the config file: {@code carry com.example.RequestContext#CURRENT},
 * a static {@code ThreadLocal} field carried into scattered calls, or {@code carry mdc}, SLF4J's
 * MDC. Whether the field is a static ThreadLocal can only be told from its class, so that is
 * checked (and said, as {@code file:line: ...}) when the class loads.
 */
final class CarryRules {
    private static final String EXAMPLE = "carry com.example.RequestContext#CURRENT";

    private CarryRules() {
    }

    static ConfigRule parse(String kindText, String target, String file, int line) {
        if (!kindText.equals("carry")) {
            throw new IllegalArgumentException("carry takes no count, found \"" + kindText + "\": write " + EXAMPLE + ", or carry mdc");
        }
        if (target.isEmpty()) {
            throw new IllegalArgumentException("carry needs what to carry after it: a static ThreadLocal field, as in "
                    + EXAMPLE + ", or mdc for SLF4J's MDC");
        }
        if (target.equals("mdc")) {
            return new ConfigRule(ConfigRule.Kind.CARRY_MDC, 0, null, file, line);
        }
        int gap = 0;
        while (gap < target.length() && !Character.isWhitespace(target.charAt(gap))) {
            gap++;
        }
        if (gap < target.length()) {
            throw new IllegalArgumentException("unexpected \"" + target.substring(gap).strip() + "\" after \"" + target.substring(0, gap)
                    + "\": carry names one field a line, and comments start with ' #'");
        }
        if (target.indexOf('(') >= 0) {
            String field = target.substring(0, target.indexOf('('));
            throw new IllegalArgumentException("carry names a field, not a method: \"" + target + "\" has a parameter list; write carry " + field);
        }
        if (target.indexOf('*') >= 0) {
            throw new IllegalArgumentException("carry names one field, without wildcards: \"" + target + "\"; write one line a field, as in " + EXAMPLE);
        }
        if (target.indexOf('#') < 0) {
            int dot = target.lastIndexOf('.');
            String fix = dot > 0 && dot < target.length() - 1 ? "carry " + target.substring(0, dot) + "#" + target.substring(dot + 1) : EXAMPLE;
            throw new IllegalArgumentException("missing '#' between class and field in \"" + target + "\": write " + fix
                    + " (or carry mdc for SLF4J's MDC)");
        }
        MethodPattern pattern;
        try {
            pattern = MethodPattern.parse(target);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad field in carry " + target + ": " + e.getMessage().replace("method", "field"));
        }
        return new ConfigRule(ConfigRule.Kind.CARRY, 0, pattern, file, line);
    }
}
