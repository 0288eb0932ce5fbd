package example.check;

/** A fixture for check's tests that knows nothing of lox, as a config file retrofits it. Never run. */
public class Plain {
    private int total;

    public void run(int n) {
        total += n;
    }

    public void runAll(int n) {
        for (int i = 0; i < n; i++) {
            run(i);
        }
    }
}
