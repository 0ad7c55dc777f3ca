package io.phalanx.parallel.examples.readme;

/** A stand-in: the image code a README task calls. */
public final class Images {

  private Images() {
  }

  public static Thumbnail resize(String path, int width, int height) {
    return new Thumbnail(path, width, height);
  }
}
