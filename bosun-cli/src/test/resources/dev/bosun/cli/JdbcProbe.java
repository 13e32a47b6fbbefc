import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Run as another local user (java JdbcProbe.java URL USER PASSWORD): tries to connect and run a
 * query; prints CONNECTED, or REFUSED with the SQL state and message.
 */
public class JdbcProbe {
  public static void main(String[] args) {
    try (Connection connection = DriverManager.getConnection(args[0], args[1], args[2])) {
      connection.createStatement().executeQuery("SELECT COUNT(*) FROM services").close();
      System.out.println("CONNECTED");
    } catch (SQLException e) {
      System.out.println("REFUSED " + e.getSQLState() + " " + e.getMessage());
    }
  }
}
