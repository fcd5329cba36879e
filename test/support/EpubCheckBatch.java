import com.adobe.epubcheck.tool.EpubChecker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * W3C EPUBCheck in one JVM for many EPUBs (test/support/epubcheck.ts): the checker is the jar's own
 * command line, run once per file, one file at a time. Its JVM costs more than a check (about 6
 * CPU-seconds to start and warm up), so the suite starts one for the whole run.
 *
 *   EpubCheckBatch FILE...          each file's report between two marker lines on standard output
 *   EpubCheckBatch --serve SOCKET   answers on a Unix socket: a client sends one path and a newline,
 *                                   and reads the report up to its end marker line
 */
public class EpubCheckBatch {
  /** Where the checker's output goes now: it writes to System.out and System.err, which point here. */
  private static OutputStream current = System.out;

  private static int check(String file) {
    return new EpubChecker().run(new String[] { file });
  }

  public static void main(String[] args) throws IOException {
    PrintStream stdout = System.out;
    PrintStream routed = new PrintStream(new OutputStream() {
      @Override public void write(int b) throws IOException { current.write(b); }
      @Override public void write(byte[] b, int off, int len) throws IOException { current.write(b, off, len); }
    }, true, StandardCharsets.UTF_8);
    System.setOut(routed);
    System.setErr(routed);
    if (args.length == 2 && args[0].equals("--serve")) {
      serve(Path.of(args[1]), stdout);
      return;
    }
    for (String file : args) {
      stdout.println("@@kindred-epubcheck-begin " + file);
      current = stdout;
      int code = check(file);
      routed.flush();
      stdout.println("@@kindred-epubcheck-end " + code);
      stdout.flush();
    }
  }

  private static void serve(Path socket, PrintStream stdout) throws IOException {
    Files.deleteIfExists(socket);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    stdout.println("@@kindred-epubcheck-ready");
    stdout.flush();
    while (true) {
      SocketChannel client = server.accept();
      Thread thread = new Thread(() -> answer(client));
      thread.setDaemon(true);
      thread.start();
    }
  }

  /** One request: the path, then the report; checks run one at a time (the output streams are shared). */
  private static void answer(SocketChannel client) {
    try (client) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      ByteBuffer one = ByteBuffer.allocate(1);
      while (client.read(one) > 0) {
        if (one.get(0) == '\n') break;
        line.write(one.get(0));
        one.clear();
      }
      String file = line.toString(StandardCharsets.UTF_8);
      ByteArrayOutputStream report = new ByteArrayOutputStream();
      int code;
      synchronized (EpubCheckBatch.class) {
        current = report;
        try {
          code = check(file);
        } catch (RuntimeException e) {
          e.printStackTrace(new PrintStream(report, true, StandardCharsets.UTF_8));
          code = -1;
        } finally {
          System.out.flush();
          current = OutputStream.nullOutputStream();
        }
      }
      report.write(("\n@@kindred-epubcheck-end " + code + "\n").getBytes(StandardCharsets.UTF_8));
      OutputStream out = Channels.newOutputStream(client);
      out.write(report.toByteArray());
      out.flush();
    } catch (IOException e) {
      // The client went away: nothing to answer.
    }
  }
}
