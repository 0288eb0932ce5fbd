package dev.lox;

/**
 * A scattered call failed with a checked exception. {@code gather()} throws unchecked exceptions
 * as themselves and wraps checked ones in this, so that the caller need not catch
 * {@code Exception}; the original is the {@link #getCause() cause}, and the failures of other calls
 * in the same gather are {@linkplain #getSuppressed() suppressed}.
 */
public final class ScatterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ScatterException(String message, Throwable cause) {
        super(message, cause);
    }
}
