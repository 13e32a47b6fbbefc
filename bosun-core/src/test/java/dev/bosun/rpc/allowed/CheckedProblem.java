package dev.bosun.rpc.allowed;

public class CheckedProblem extends Exception {
  public CheckedProblem(String message) {
    super(message);
  }
}
