package producerbench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of the whole JVM (every thread: I/O, GC, JIT) and its resident memory, as the Node runner reads its own. */
final class ProcessResources {
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private ProcessResources() {}

  /** User + system CPU time of the process, µs. */
  static long cpuMicros() {
    return OS.getProcessCpuTime() / 1000;
  }

  /** Peak resident set size (VmHWM), MB. */
  static double peakRssMb() {
    return statusKb("VmHWM:") / 1024.0;
  }

  /** Resident set size now (VmRSS), MB. */
  static double currentRssMb() {
    return statusKb("VmRSS:") / 1024.0;
  }

  private static long statusKb(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field)) return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/self/status: " + e.getMessage(), e);
    }
    throw new IllegalStateException("/proc/self/status has no " + field + " line");
  }
}
