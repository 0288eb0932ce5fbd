package dev.lox;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Lox.Thread(4)
    static int mul(int x, int y) { return x * y; }

    @Lox.Thread(2)
    static void nothing(String s) { }

    @Test
    void scatterGather() {
        var h = Lox.of(SmokeTest::mul);
        assertSame(h, Lox.of(SmokeTest::mul));
        for (int i = 0; i < 10; i++) h.scatter(i, i + 1);
        List<Integer> r = h.gather();
        assertEquals(10, r.size());
        assertEquals(90, r.get(9));
        var v = Lox.of(SmokeTest::nothing);
        v.scatter("a");
        assertEquals(java.util.Arrays.asList((Void) null), v.gather());
        var sq = Lox.thread(2).of((Integer x) -> x * x);
        sq.scatter(3);
        assertEquals(List.of(9), sq.gather());
    }
}
