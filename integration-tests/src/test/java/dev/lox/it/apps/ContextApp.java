package dev.lox.it.apps;

import dev.lox.Lox;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.MDC;

/**
 * Context carried into calls, with the real agent: a {@code @Lox.Carried} field, a field carried by
 * a config rule ({@code carry dev.lox.it.apps.ContextApp#TENANT}) and SLF4J's MDC
 * ({@code carry mdc}), through a handle and through plain calls in a gather region.
 */
public class ContextApp {
    @Lox.Carried
    static final ThreadLocal<String> USER = new ThreadLocal<>();
    /** Carried by the config file. */
    static final ThreadLocal<String> TENANT = new ThreadLocal<>();

    @Lox.Thread(2)
    static String whoAmI(int i) {
        return USER.get() + "/" + TENANT.get() + "/" + MDC.get("request");
    }

    @Lox.Thread(2)
    static void record(List<String> seen) {
        seen.add(whoAmI(0));
    }

    public static void main(String[] args) {
        USER.set("alice");
        TENANT.set("acme");
        MDC.put("request", "r-1");
        var who = Lox.of(ContextApp::whoAmI);
        for (int i = 0; i < 4; i++) {
            who.scatter(i);
        }
        System.out.println("handle=" + who.gather());

        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        Lox.gather(() -> {
            for (int i = 0; i < 4; i++) {
                record(seen);
            }
        });
        System.out.println("region=" + seen);

        USER.remove();
        TENANT.remove();
        MDC.clear();
        for (int i = 0; i < 4; i++) {
            who.scatter(i);
        }
        System.out.println("none=" + who.gather());
    }
}
