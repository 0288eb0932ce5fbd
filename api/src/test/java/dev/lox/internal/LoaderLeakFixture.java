package dev.lox.internal;

import dev.lox.Lox;
import dev.lox.spi.MethodRef;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Loaded by a throwaway class loader in {@link ParallelMethodsTest}: uses lox every way that
 * registers a method of its class, then is dropped with its loader. Public members only, since in
 * that loader it is in another runtime package than lox's own {@code dev.lox.internal}.
 */
public final class LoaderLeakFixture {
    private LoaderLeakFixture() {
    }

    @Lox.Thread(2)
    public static int twice(int x) {
        return 2 * x;
    }

    /** Scatters through an annotated handle, an explicit pool and a declared method in a region. */
    @SuppressWarnings("unchecked")
    public static List<Object> useLox() throws Exception {
        var marked = Lox.of(LoaderLeakFixture::twice);
        marked.scatter(1);
        var explicit = Lox.thread(2).of(LoaderLeakFixture::twice);
        explicit.scatter(2);
        Method twice = LoaderLeakFixture.class.getMethod("twice", int.class);
        int id = ParallelMethods.declare(new MethodRef(LoaderLeakFixture.class.getName(), "twice", Descriptors.of(twice), true),
                PoolSpec.threads(2), "test", LoaderLeakFixture.class.getClassLoader());
        CompletableFuture<Object>[] plain = new CompletableFuture[1];
        Lox.gather(() -> plain[0] = PlainCalls.scatterIfInRegion(id, new Object[] {3}));
        return List.of(marked.gather().get(0), explicit.gather().get(0), plain[0].join());
    }
}
