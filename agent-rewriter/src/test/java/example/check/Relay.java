package example.check;

import java.util.List;

/** No lox annotation: the agent rewrites this class only if a rule's class pattern names it. */
public class Relay {
    static void each(Dispatch dispatch, List<String> items) {
        for (String item : items) {
            dispatch.send(item);
        }
    }
}
