package dev.bosun.cli;

/** Entry point of the {@code bosun} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("bosun: not built yet");
  }
}
