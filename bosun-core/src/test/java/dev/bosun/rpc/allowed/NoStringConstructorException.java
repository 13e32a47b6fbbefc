package dev.bosun.rpc.allowed;

public class NoStringConstructorException extends RuntimeException {
  public NoStringConstructorException(int code) {
    super("code " + code);
  }
}
