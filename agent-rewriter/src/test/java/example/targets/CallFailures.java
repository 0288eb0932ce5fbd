package example.targets;

import dev.lox.Lox;
import java.io.IOException;

public class CallFailures {
    @Lox.Thread(2)
    void fail(String message) throws IOException {
        throw new IOException(message);
    }

    @Lox.Gather
    void onlyTheCallFails() throws IOException {
        fail("only the call failed");
    }
}
