package dev.lox.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A JVM's output read as it comes, so that a test can wait, bounded, for the line that says it is up. */
public final class JvmOutput {
    private final StringBuilder text = new StringBuilder(); // guarded by itself
    private final CountDownLatch seen = new CountDownLatch(1);
    private final Thread reader;

    /** @param awaited the text {@link #awaitLine} waits for; null for none */
    public JvmOutput(InputStream in, String awaited) {
        reader = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    synchronized (text) {
                        text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                        if (awaited != null && text.indexOf(awaited) >= 0) {
                            seen.countDown();
                        }
                    }
                }
            } catch (IOException e) {
                // the JVM is gone: what it wrote is kept
            }
        }, "it-output");
        reader.setDaemon(true);
        reader.start();
    }

    public void awaitLine(long seconds) throws InterruptedException {
        if (!seen.await(seconds, TimeUnit.SECONDS)) {
            fail("the line did not come within " + seconds + " s; the JVM wrote:\n" + this);
        }
    }

    /** Waits, bounded, until the stream has ended (its JVM exited) and all it wrote is read. */
    public void awaitEnd(long seconds) throws InterruptedException {
        reader.join(TimeUnit.SECONDS.toMillis(seconds));
    }

    @Override
    public String toString() {
        synchronized (text) {
            return text.toString();
        }
    }
}
