/**
 * The image data sets of the paper's memory-retrieval experiments (section 4.1, appendix G): MNIST, the
 * shipped CIFAR-10 subset, and the official CIFAR-10 / CIFAR-100 binary files when a user has them.
 *
 * <p>Every loader verifies the SHA-256 of the shipped files against {@code data/PROVENANCE.md} and keeps
 * the images in host memory as bytes ({@link org.uhopkit.data.ImageSet}). Rows handed to DJL are
 * {@code (n, d)}, one image per row, pixels in {@code [0, 1]}.
 *
 * <pre>
 * jshell&gt; ImageSet train = Mnist.train();
 * train ==&gt; ImageSet(mnist-train, n=60000, 28x28x1, d=784)
 * jshell&gt; NDArray xi = train.sample(nd, 100, 7L, DataType.FLOAT32);   // (100, 784)
 * </pre>
 */
package org.uhopkit.data;
