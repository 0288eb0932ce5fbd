package dev.lox.agent.config;

import java.util.List;

/**
 * The user's configuration is wrong: every error found, each a line {@code file:line: what is
 * wrong}, so that one run shows them all.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> errors;

    public ConfigException(List<String> errors) {
        super(String.join(System.lineSeparator(), errors));
        this.errors = List.copyOf(errors);
    }

    public ConfigException(String error) {
        this(List.of(error));
    }

    /** Every error, one a line, in file order. */
    public List<String> errors() {
        return errors;
    }
}
