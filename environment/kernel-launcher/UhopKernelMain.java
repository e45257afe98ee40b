import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.logging.LogManager;
import java.util.logging.Logger;

import org.rapaio.jupyter.kernel.MainApp;
import org.rapaio.jupyter.kernel.channels.AbstractChannel;
import org.rapaio.jupyter.kernel.channels.Channels;
import org.rapaio.jupyter.kernel.channels.LoopThread;
import org.rapaio.jupyter.kernel.core.ConnectionProperties;
import org.rapaio.jupyter.kernel.core.Transform;

/**
 * Starts rapaio-jupyter-kernel 3.0.1 like its own MainApp does, minus two startup races that
 * make about one kernel start in four hang on this machine ("Kernel didn't respond in N
 * seconds" / "Kernel died before replying to kernel_info"). Measured: 7 of 25 and 9 of 40
 * starts failed with the plain {@code java -jar}.
 *
 * <ol>
 * <li>{@code LoopThread.start()} calls {@code Thread.start()} before it sets {@code running = true};
 *     a loop thread that gets scheduled first sees {@code false} and exits at once, silently.
 *     Shell, Control or Heartbeat then never answer. Fix: after connecting, every loop thread
 *     that died while still flagged running is replaced by an identical one whose flag is set
 *     before it starts.</li>
 * <li>{@code Channels.connect} starts the socket loops before it creates the handler map; a
 *     {@code kernel_info_request} arriving in that window throws a NullPointerException that
 *     kills the shell loop, or (with an empty map) is dropped as unhandled. nbclient resends
 *     kernel_info every second, but the notebook server asks once and then waits 60 s
 *     ({@code kernel_info_timeout}) before the notebook page gets its kernel. Fix: until
 *     {@code connect} returns, the handler map is a stand-in whose lookups wait for {@code connect}
 *     to finish and then answer from the real map, so an early message is handled, not lost.</li>
 * </ol>
 *
 * <p>Run: {@code java -cp <rapaio jar>:<dir of this class> UhopKernelMain <connection file>}.
 * Any other arguments (e.g. {@code -i}) go to MainApp unchanged.
 */
public final class UhopKernelMain {

    private static final Logger LOGGER = Logger.getLogger("UhopKernelMain");

    private UhopKernelMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || args[0].startsWith("-")) {
            MainApp.main(args);
            return;
        }
        LogManager.getLogManager().readConfiguration(
                MainApp.class.getClassLoader().getResourceAsStream("logging.properties"));
        Path connectionFile = Path.of(args[0]);
        if (!Files.isRegularFile(connectionFile)) {
            throw new IllegalArgumentException("Connection file '" + connectionFile + "' isn't a file.");
        }
        ConnectionProperties props = Transform.fromJson(Files.readString(connectionFile), ConnectionProperties.class);
        Channels channels = new Channels(props);

        Field handlers = field(Channels.class, "handlers");
        AwaitConnect early = new AwaitConnect(channels, handlers);
        handlers.set(channels, early);
        try {
            channels.connect(MainApp.kernel);
        } finally {
            early.connected = true;
        }

        // A loop thread that lost the start race terminates as soon as it is scheduled; watch for
        // a second and replace each one found dead while still flagged running.
        long deadline = System.nanoTime() + 1_000_000_000L;
        do {
            repairLoopThreads(channels);
            Thread.sleep(10);
        } while (System.nanoTime() < deadline);
        repairLoopThreads(channels);

        channels.joinUntilClose();
    }

    @SuppressWarnings("unchecked")
    private static void repairLoopThreads(Channels channels) throws ReflectiveOperationException {
        Set<AbstractChannel> all = (Set<AbstractChannel>) field(Channels.class, "channels").get(channels);
        Field running = field(LoopThread.class, "running");
        Field sleep = field(LoopThread.class, "sleep");
        Field body = field(LoopThread.class, "loopBody");
        for (AbstractChannel channel : all) {
            Field loopField;
            try {
                loopField = field(channel.getClass(), "loopThread");
            } catch (NoSuchFieldException e) {
                continue;                                   // IOPub, Stdin: no loop thread
            }
            LoopThread old = (LoopThread) loopField.get(channel);
            if (old == null || old.isAlive() || !running.getBoolean(old)) {
                continue;                                   // healthy, or shut down on purpose
            }
            LoopThread fresh = new LoopThread(old.getName(), sleep.getLong(old), (Runnable) body.get(old));
            running.setBoolean(fresh, true);                // set before start: no race
            fresh.start();
            loopField.set(channel, fresh);
            LOGGER.info("restarted loop thread " + old.getName() + " of " + channel.getClass().getSimpleName()
                    + " (lost the LoopThread.start race)");
        }
    }

    /**
     * The handler map while {@code Channels.connect} runs: a lookup waits (at most 30 s) until connect
     * has returned, then answers from the map connect installed. Nothing is ever stored in it.
     */
    private static final class AwaitConnect extends AbstractMap<Object, Object> {
        private final Channels channels;
        private final Field handlers;
        volatile boolean connected;

        AwaitConnect(Channels channels, Field handlers) {
            this.channels = channels;
            this.handlers = handlers;
        }

        @Override
        public Object get(Object key) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            try {
                while (!connected && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                Object real = handlers.get(channels);
                if (real == this || !(real instanceof Map)) {
                    return null;
                }
                LOGGER.info("handled " + key + " that arrived while the kernel was connecting");
                return ((Map<?, ?>) real).get(key);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public Set<Map.Entry<Object, Object>> entrySet() {
            return Collections.emptySet();
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }
}
