package io.d3mas;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * Virtual threads where the JVM has them (Java 21+), reached by reflection so that the jars stay on Java 17.
 */
final class VirtualThreads {

    private VirtualThreads() {}

    static boolean available() {
        return Runtime.version().feature() >= 21;
    }

    /** {@code Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("d3mas-virtual-", 0).factory())}. */
    static ExecutorService perTaskExecutor() {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
            builder = ofVirtual.getMethod("name", String.class, long.class).invoke(builder, "d3mas-virtual-", 0L);
            ThreadFactory factory = (ThreadFactory) Class.forName("java.lang.Thread$Builder")
                    .getMethod("factory")
                    .invoke(builder);
            return (ExecutorService) java.util.concurrent.Executors.class
                    .getMethod("newThreadPerTaskExecutor", ThreadFactory.class)
                    .invoke(null, factory);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("virtual threads are not available on Java " + Runtime.version(), e);
        }
    }
}
