package dev.lox.agent.check;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One line of {@code check}'s output: where it comes from (the rule's {@code lox.conf:N}, or the
 * annotated method's {@code example/app/Crawler.java:12}), what kind of finding it is, whether it
 * is a problem (any problem makes {@code check} exit 1), the sentence, and the facts behind it for
 * {@code --json}.
 */
record Finding(String origin, Kind kind, boolean problem, String message, Map<String, Object> facts) {

    /** The kinds of finding, each with the name {@code --json} gives it. */
    enum Kind {
        MATCH("match"),
        NO_MATCH("no-match"),
        OVERLAP("overlap"),
        NO_BODY("no-body"),
        BAD_ANNOTATION("bad-annotation"),
        CALL_SITE("call-site"),
        UNCALLED("uncalled"),
        RETURNS_VALUE("returns-value"),
        CANNOT_TRAVEL("cannot-travel");

        final String json;

        Kind(String json) {
            this.json = json;
        }
    }

    Finding {
        Objects.requireNonNull(origin, "origin");
        facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }

    /** The facts, in the order given (so that {@code --json} is stable): key, value, key, value... */
    static Map<String, Object> facts(Object... keysAndValues) {
        Map<String, Object> facts = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            facts.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return facts;
    }

    /** The line as printed: {@code lox.conf:3: message}. */
    String line() {
        return origin + ": " + message;
    }
}
