package example.targets;

import dev.lox.Lox;
import java.io.IOException;

public class Failures {
    @Lox.Thread(2)
    void fail(String message) throws IOException {
        throw new IOException(message);
    }

    @Lox.Gather
    void regionThrows() throws IOException {
        fail("the call failed");
        throw new IllegalStateException("the region failed");
    }
}
