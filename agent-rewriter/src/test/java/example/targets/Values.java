package example.targets;

import dev.lox.Lox;

public class Values {
    @Lox.Process(3)
    static long square(long x) {
        return x * x;
    }

    @Lox.Process
    static long cube(long x) {
        return x * x * x;
    }

    @Lox.Process(value = 2, callTimeout = "3s")
    static long timed(long x) {
        return x;
    }

    @Lox.Cluster(value = 8, callTimeout = "30s")
    static long timedOnACluster(long x) {
        return x;
    }

    @Lox.Gather
    static long squareInRegion(long x) {
        return square(x) + 1;
    }
}
