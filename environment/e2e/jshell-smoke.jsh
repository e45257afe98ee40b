// Smoke test of environment/uhop-jshell (run by environment/e2e/jshell-check.sh, in both execution
// modes): store three orthogonal memories, retrieve each with one softmax update at beta = 1, and
// compare with the closed form softmax(beta * Xi q) = (e, 1, 1) / (e + 2) for q = e_0.
// Prints one line "UHOP_JSHELL_SMOKE ok|FAILED ..." that the driver checks.
String smokeVerdict;
try (NDManager nd = NDManager.newBaseManager()) {
    NDArray xi = nd.create(new float[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
    Retrieval r = UHop.memories(xi).similarity(Similarity.dot()).separation(Separation.softmax())
            .beta(1.0).updateSteps(1).retrieve(xi);
    float[] s = r.states().toFloatArray();
    double big = Math.E / (Math.E + 2), small = 1 / (Math.E + 2), worst = 0;
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
            worst = Math.max(worst, Math.abs(s[3 * i + j] - (i == j ? big : small)));
        }
    }
    String command = System.getProperty("sun.java.command", "");
    String mode = command.contains("RemoteExecutionControl") ? "remote" : "local";
    boolean offline = Boolean.getBoolean("ai.djl.offline");
    smokeVerdict = (worst < 1e-6 && offline ? "ok" : "FAILED")
            + " mode=" + mode + " offline=" + offline + " maxAbsErr=" + worst;
    r.close();
}
System.out.println("UHOP_JSHELL_SMOKE " + smokeVerdict);
/exit
