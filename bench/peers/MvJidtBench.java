// Times JIDT's multivariate calculators for bench/multivariate.bench.ts (our own harness; it only calls JIDT's public
// API). JIDT is not part of this project: the benchmark compiles this file against $JIDT_CLASSPATH into a temporary
// directory and skips JIDT with a message when the variable is unset.
//
// Usage: java -cp $JIDT_CLASSPATH:<dir> MvJidtBench <tc|dtc|o|ksg-o> <data file> <n> <d> <base or k> <reps>
// Data: n × d row-major little-endian int32 (discrete) or float64 (ksg). Prints JSON: CPU and wall seconds of each
// timed run (after one warm-up), and the value. One thread: the Kraskov calculator is set to NUM_THREADS=1, and the
// CPU time is the calling thread's.
import infodynamics.measures.continuous.kraskov.OInfoCalculatorKraskov;
import infodynamics.measures.discrete.DualTotalCorrelationCalculatorDiscrete;
import infodynamics.measures.discrete.MultiInformationCalculatorDiscrete;
import infodynamics.measures.discrete.OInfoCalculatorDiscrete;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Paths;

public class MvJidtBench {
  public static void main(String[] a) throws Exception {
    String mode = a[0];
    ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(Paths.get(a[1]))).order(ByteOrder.LITTLE_ENDIAN);
    int n = Integer.parseInt(a[2]);
    int d = Integer.parseInt(a[3]);
    int param = Integer.parseInt(a[4]);
    int reps = Integer.parseInt(a[5]);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    int[][] states = null;
    double[][] x = null;
    if (mode.equals("ksg-o")) {
      x = new double[n][d];
      for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) x[i][j] = buf.getDouble();
    } else {
      states = new int[n][d];
      for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) states[i][j] = buf.getInt();
    }
    StringBuilder cpu = new StringBuilder("[");
    StringBuilder wall = new StringBuilder("[");
    double value = 0;
    for (int r = -1; r < reps; r++) {
      long c0 = mx.getCurrentThreadCpuTime();
      long w0 = System.nanoTime();
      if (mode.equals("tc")) {
        MultiInformationCalculatorDiscrete c = new MultiInformationCalculatorDiscrete(param, d);
        c.initialise();
        c.addObservations(states);
        value = c.computeAverageLocalOfObservations();
      } else if (mode.equals("dtc")) {
        value = new DualTotalCorrelationCalculatorDiscrete(param, d).compute(states);
      } else if (mode.equals("o")) {
        value = new OInfoCalculatorDiscrete(param, d).compute(states);
      } else {
        OInfoCalculatorKraskov c = new OInfoCalculatorKraskov();
        c.setProperty("k", Integer.toString(param));
        c.setProperty("NORMALISE", "false");
        c.setProperty("NOISE_LEVEL_TO_ADD", "0");
        c.setProperty("NUM_THREADS", "1");
        c.initialise(d);
        c.setObservations(x);
        value = c.computeAverageLocalOfObservations();
      }
      long c1 = mx.getCurrentThreadCpuTime();
      long w1 = System.nanoTime();
      if (r >= 0) {
        cpu.append(r > 0 ? "," : "").append((c1 - c0) / 1e9);
        wall.append(r > 0 ? "," : "").append((w1 - w0) / 1e9);
      }
    }
    System.out.println("{\"cpu\":" + cpu + "],\"wall\":" + wall + "],\"value\":" + value + ",\"java\":\"" + System.getProperty("java.version") + "\"}");
  }
}
