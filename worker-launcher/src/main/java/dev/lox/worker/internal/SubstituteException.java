package dev.lox.worker.internal;

/**
 * Stands in, in the parent JVM, for an exception a worker threw that could not be serialized (it
 * holds a field that cannot travel): it keeps the original's type name, message and stack trace
 * (the worker's frames), and its cause, substituted the same way.
 */
public final class SubstituteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String originalType;

    private SubstituteException(String originalType, String message, String why) {
        super(originalType + (message == null ? "" : ": " + message)
                + (why == null ? "" : " [lox: the worker's exception could not be serialized (" + why + "), so this stands in for it]"));
        this.originalType = originalType;
    }

    /** A stand-in for {@code t}, saying why {@code t} itself could not travel. */
    static SubstituteException of(Throwable t, Throwable why) {
        SubstituteException s = new SubstituteException(t.getClass().getName(), t.getMessage(),
                why == null ? null : String.valueOf(why.getMessage()));
        s.setStackTrace(t.getStackTrace());
        Throwable cause = t.getCause();
        if (cause != null && cause != t) {
            s.initCause(of(cause, null));
        }
        return s;
    }

    /** The binary name of the exception the worker threw. */
    public String originalType() {
        return originalType;
    }
}
