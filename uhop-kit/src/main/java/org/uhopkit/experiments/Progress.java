package org.uhopkit.experiments;

/** Progress of a long sweep (the command line shows it as a progress bar). */
public interface Progress {

    /**
     * A sweep of {@code total} steps starts.
     *
     * @param task what the sweep is
     * @param total the number of steps
     */
    void start(String task, long total);

    /**
     * One step done; {@code detail} says where the sweep is.
     *
     * @param detail where the sweep is
     */
    void step(String detail);

    /** The sweep ended. */
    void finish();

    /**
     * Reports nothing.
     *
     * @return a progress sink that ignores every call
     */
    static Progress none() {
        return new Progress() {
            @Override
            public void start(String task, long total) {}

            @Override
            public void step(String detail) {}

            @Override
            public void finish() {}
        };
    }
}
