import com.adobe.epubcheck.tool.EpubChecker;

/**
 * W3C EPUBCheck over several EPUBs in one JVM (test/support/epubcheck.ts): the checker is the jar's
 * own command line, run once per file, each file's report between two marker lines on one stream.
 */
public class EpubCheckBatch {
  public static void main(String[] files) {
    System.setErr(System.out);
    for (String file : files) {
      System.out.println("@@kindred-epubcheck-begin " + file);
      int code = new EpubChecker().run(new String[] { file });
      System.out.println("@@kindred-epubcheck-end " + code);
      System.out.flush();
    }
  }
}
