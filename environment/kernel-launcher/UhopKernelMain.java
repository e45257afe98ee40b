import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * <li>{@code Channels.connect} binds the sockets and starts their loops before it creates and fills
 *     the handler map; a {@code kernel_info_request} read in that window finds no handler (a
 *     NullPointerException that kills the shell loop, or "Unhandled message") and is lost. nbclient
 *     resends kernel_info every second, but the notebook server asks once and then waits 60 s
 *     ({@code kernel_info_timeout}) before the page gets its kernel. Fix: {@code connect} runs while
 *     this thread holds the monitor of the channels' shared {@code HMACDigest}; every channel reads a
 *     message through its synchronized {@code computeSignature} (checking the signature), so no
 *     message is read before the handlers are in place, and none is lost (ZeroMQ queues them).
 *     {@code connect} itself only signs on IOPub (a reentrant lock for this thread).</li>
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

        Object hmac = field(AbstractChannel.class, "hmacGenerator").get(field(Channels.class, "shell").get(channels));
        synchronized (hmac) {
            channels.connect(MainApp.kernel);
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

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }
}
