package example.check;

import dev.lox.Lox;

/** A fixture for check's tests: an overloaded value-returning parallel method. Never run. */
public class Overloads {
    @Lox.Thread(2)
    public static int parse(String text) {
        return Integer.parseInt(text);
    }

    public static int parse(String text, int radix) {
        return Integer.parseInt(text, radix);
    }
}
