package dev.bosun.config;

import java.util.regex.Pattern;

/**
 * The one place that masks passwords in URLs for reports, errors and logs: transport URLs, JDBC
 * URLs and the options that hold them ({@link Opt.Builder#secretPassword()}).
 */
public final class Secrets {
  /** What a masked password shows as. */
  public static final String MASKED_PASSWORD = "***";

  private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password\\s*=)[^&;]*");

  private Secrets() {}

  /**
   * {@code url} with every password masked: the password of each {@code user:password@} (all hosts
   * of a multi-host URL such as {@code rabbit://a:p@h1,b:q@h2/}) and the value of each {@code
   * password=} parameter ({@code jdbc:postgresql://db/x?user=u&password=p}). Whatever lies between
   * a user's {@code :} and the last {@code @} that ends those credentials is masked, so that a
   * password holding a raw {@code /}, {@code ,} or {@code @} is masked whole too: it masks more
   * than needed rather than less. A URL without a password ({@code memory://}) is returned as it
   * is.
   */
  public static String maskUrl(String url) {
    return PASSWORD_PARAM
        .matcher(maskUserInfo(url))
        .replaceAll("$1" + java.util.regex.Matcher.quoteReplacement(MASKED_PASSWORD));
  }

  private static String maskUserInfo(String url) {
    int separator = url.indexOf("://");
    int start = separator < 0 ? 0 : separator + 3;
    int lastAt = url.lastIndexOf('@');
    if (lastAt < start) {
      return url;
    }
    String[] pieces = url.substring(start, lastAt).split("@", -1);
    StringBuilder s = new StringBuilder(url.substring(0, start)).append(maskPassword(pieces[0]));
    for (int i = 1; i < pieces.length; i++) {
      int comma = pieces[i].indexOf(',');
      if (comma >= 0) { // host of the credentials before, then the credentials of the next host
        s.append('@')
            .append(pieces[i], 0, comma + 1)
            .append(maskPassword(pieces[i].substring(comma + 1)));
      } // else the '@' is inside the credentials, masked with them
    }
    return s.append(url.substring(lastAt)).toString();
  }

  private static String maskPassword(String userInfo) {
    int colon = userInfo.indexOf(':');
    return colon < 0 ? userInfo : userInfo.substring(0, colon) + ":" + MASKED_PASSWORD;
  }
}
