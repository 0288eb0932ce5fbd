package dev.lox.queue;

/**
 * Thrown by {@link Announcement#subscribe()} once the announcement has been
 * {@linkplain Announcement#seal() sealed}: lox's {@code SubscribeFinalizedError}.
 */
public final class SubscribeFinalizedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what was refused and what to do instead. */
    public SubscribeFinalizedException(String message) {
        super(message);
    }
}
