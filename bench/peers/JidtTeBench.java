// The JIDT side of bench/dynamics.bench.ts: times JIDT's transfer entropy on the benchmark's own inputs (raw
// little-endian files written by the benchmark) and prints one JSON line. Calls JIDT's public API only; JIDT itself
// is not part of this project: the benchmark compiles this file against $JIDT_CLASSPATH and skips JIDT if it is unset.
//
//   ksg <x.f64> <y.f64> <reps>          KSG TE (algorithm 1), k = l = 1, 4 neighbours, noise off, one thread
//   surrogates <x.f64> <y.f64> <m>      the same plus computeSignificance(m) (one thread)
//   discrete <x.i32> <y.i32> <k> <reps> discrete TE, binary alphabet, target history k
import infodynamics.measures.continuous.kraskov.TransferEntropyCalculatorKraskov;
import infodynamics.measures.discrete.TransferEntropyCalculatorDiscrete;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

public class JidtTeBench {
  static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

  static double[] f64(String path) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(Paths.get(path))).order(ByteOrder.LITTLE_ENDIAN);
    double[] a = new double[b.capacity() / 8];
    b.asDoubleBuffer().get(a);
    return a;
  }

  static int[] i32(String path) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(Paths.get(path))).order(ByteOrder.LITTLE_ENDIAN);
    int[] a = new int[b.capacity() / 4];
    b.asIntBuffer().get(a);
    return a;
  }

  static TransferEntropyCalculatorKraskov ksg(double[] x, double[] y) throws Exception {
    TransferEntropyCalculatorKraskov c = new TransferEntropyCalculatorKraskov();
    c.setProperty("k", "4");
    c.setProperty("NOISE_LEVEL_TO_ADD", "0");
    c.setProperty("NUM_THREADS", "1");
    c.initialise(1, 1, 1, 1, 1);
    c.setObservations(x, y);
    return c;
  }

  interface Run {
    double run() throws Exception;
  }

  static String time(Run r, int warmup, int reps) throws Exception {
    for (int i = 0; i < warmup; i++) r.run();
    List<String> cpu = new ArrayList<>(), wall = new ArrayList<>();
    double v = 0;
    for (int i = 0; i < reps; i++) {
      long c0 = MX.getCurrentThreadCpuTime(), w0 = System.nanoTime();
      v = r.run();
      long c1 = MX.getCurrentThreadCpuTime(), w1 = System.nanoTime();
      cpu.add(String.format(Locale.ROOT, "%.3f", (c1 - c0) / 1e6));
      wall.add(String.format(Locale.ROOT, "%.3f", (w1 - w0) / 1e6));
    }
    return String.format(Locale.ROOT, "{\"value\": %s, \"cpu\": [%s], \"wall\": [%s]}", Double.toString(v), String.join(",", cpu), String.join(",", wall));
  }

  public static void main(String[] a) throws Exception {
    if (a[0].equals("ksg")) {
      double[] x = f64(a[1]), y = f64(a[2]);
      System.out.println(time(() -> ksg(x, y).computeAverageLocalOfObservations(), 1, Integer.parseInt(a[3])));
    } else if (a[0].equals("surrogates")) {
      double[] x = f64(a[1]), y = f64(a[2]);
      int m = Integer.parseInt(a[3]);
      System.out.println(time(() -> ksg(x, y).computeSignificance(m).getMeanOfDistribution(), 0, 1));
    } else {
      int[] x = i32(a[1]), y = i32(a[2]);
      int k = Integer.parseInt(a[3]);
      System.out.println(time(() -> {
        TransferEntropyCalculatorDiscrete c = new TransferEntropyCalculatorDiscrete(2, k);
        c.initialise();
        c.addObservations(x, y);
        return c.computeAverageLocalOfObservations();
      }, 2, Integer.parseInt(a[4])));
    }
  }
}
