package org.uhopkit.experiments;

import org.uhopkit.internal.Checks;

import ai.djl.engine.Engine;
import java.lang.reflect.Method;

/**
 * The number of intra-op threads of the PyTorch engine. The experiments are sequences of many small matrix
 * products; on a small machine that also runs other work (2 cores here), PyTorch's default of one OpenMP
 * thread per core spins and waits, and one thread was measured 5 to 20 times faster (see the issue report).
 * The command line uses 1 thread unless {@code -Dai.djl.pytorch.num_threads} says otherwise; notebooks call
 * {@link #set(int)}.
 */
public final class TorchThreads {

    private TorchThreads() {}

    /**
     * Sets PyTorch's intra-op threads (global to the JVM; takes effect at once).
     *
     * @param threads the number of threads, at least 1
     * @return the previous number, or -1 when the engine is not PyTorch
     */
    public static int set(int threads) {
        Checks.atLeast("threads", threads, 1);
        try {
            Engine.getInstance();
            Class<?> jni = Class.forName("ai.djl.pytorch.jni.JniUtils");
            Method get = jni.getMethod("getNumThreads");
            Method set = jni.getMethod("setNumThreads", int.class);
            int before = (Integer) get.invoke(null);
            set.invoke(null, threads);
            return before;
        } catch (ReflectiveOperationException | LinkageError e) {
            return -1;
        }
    }

    /**
     * The current number of intra-op threads, or -1 when the engine is not PyTorch.
     *
     * @return the number of threads, or -1
     */
    public static int get() {
        try {
            Engine.getInstance();
            return (Integer) Class.forName("ai.djl.pytorch.jni.JniUtils").getMethod("getNumThreads").invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return -1;
        }
    }
}
