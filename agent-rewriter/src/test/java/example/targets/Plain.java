package example.targets;

/** Nothing for lox: the pre-filter must let it pass untouched. */
public class Plain {
    public int twice(int x) {
        return 2 * x;
    }
}
