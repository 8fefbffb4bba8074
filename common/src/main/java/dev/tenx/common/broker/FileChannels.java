package dev.tenx.common.broker;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * How a store opens its files and directories: {@link #REAL} in a broker, a disk that can lose
 * power or fail in the power-loss contract and the reliability run ({@code dev.tenx.common.faults.PowerLossDisk}), which is why a
 * store opens every file, and the directory it forces after creating one, through this.
 */
@FunctionalInterface
public interface FileChannels {

    FileChannel open(Path path, OpenOption... options) throws IOException;

    FileChannels REAL = FileChannel::open;
}
