package example.check;

import dev.lox.Lox;
import java.util.List;

/** A region whose loop sits in a class with no lox mark, which the agent does not rewrite ({@link Relay}). */
public class Dispatch {
    @Lox.Thread(2)
    public void send(String item) {
    }

    @Lox.Gather
    public void sendAll(List<String> items) {
        Relay.each(this, items);
    }
}
