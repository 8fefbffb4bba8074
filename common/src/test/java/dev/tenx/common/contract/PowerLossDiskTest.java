package dev.tenx.common.contract;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenx.common.contract.PowerLossDisk.Survivors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk model the power-loss contract trusts: what it keeps and loses when the power goes,
 * and that it notices the two mistakes it exists to catch, an unforced write and a created file
 * whose directory was never forced.
 */
class PowerLossDiskTest {

    private static final int NEVER = Integer.MAX_VALUE;
    private static final byte[] CONTENT = "forced".getBytes(StandardCharsets.UTF_8);
    private static final byte[] MORE = "unforced".getBytes(StandardCharsets.UTF_8);
    /** Where a pending write lands over the forced content: two bytes of it stay visible. */
    private static final int OVERLAP_AT = 2;
    /** A creation, a write and a force. */
    private static final int OPERATIONS_OF_ONE_FORCED_WRITE = 3;
    private static final int CRASH_AT_THE_SECOND_OPERATION = 1;

    @TempDir
    Path root;

    private Path file;

    @BeforeEach
    void oneFileOfTheRoot() {
        file = root.resolve("data");
    }

    @Test
    void aForcedWriteSurvivesAndAnUnforcedOneIsLostWhenNothingUnforcedSurvives() throws IOException {
        assertThat(afterAForcedAndAnUnforcedWrite(Survivors.NONE)).as("the file, nothing unforced surviving")
                .isEqualTo(CONTENT);
    }

    @Test
    void anUnforcedWriteSurvivesWhenTheKernelHadWrittenItBack() throws IOException {
        byte[] both = Arrays.copyOf(CONTENT, CONTENT.length + MORE.length);
        System.arraycopy(MORE, 0, both, CONTENT.length, MORE.length);

        assertThat(afterAForcedAndAnUnforcedWrite(Survivors.ALL)).as("the file, everything unforced surviving")
                .isEqualTo(both);
    }

    @Test
    void aCreatedFileWhoseDirectoryWasForcedSurvives() throws IOException {
        PowerLossDisk disk = new PowerLossDisk(root, NEVER, Survivors.NONE);
        try (FileChannel channel = disk.open(file, CREATE, READ, WRITE)) {
            channel.write(ByteBuffer.wrap(CONTENT), 0);
            channel.force(true);
            forceDirectory(disk, root);
            disk.powerOff();
        }

        assertThat(Files.readAllBytes(file)).as("a forced file in a forced directory").isEqualTo(CONTENT);
    }

    /** The mistake PageStore avoids by forcing its directory after creating its files. */
    @Test
    void aCreatedFileWhoseDirectoryWasNotForcedIsLostWithItsForcedContents() throws IOException {
        PowerLossDisk disk = new PowerLossDisk(root, NEVER, Survivors.NONE);
        try (FileChannel channel = disk.open(file, CREATE, READ, WRITE)) {
            channel.write(ByteBuffer.wrap(CONTENT), 0);
            channel.force(true);
            disk.powerOff();
        }

        assertThat(file).as("a forced file whose directory entry was never forced").doesNotExist();
        assertThat(disk.changedBehindItsBack()).as("a file the model itself lost").isEmpty();
    }

    @Test
    void theOperationAtTheCrashPointAndEveryLaterOneFail() throws IOException {
        PowerLossDisk counting = new PowerLossDisk(root, NEVER, Survivors.ALL);
        try (FileChannel channel = counting.open(file, CREATE, READ, WRITE)) {
            channel.write(ByteBuffer.wrap(CONTENT), 0);
            channel.force(true);
        }
        assertThat(counting.operations()).as("operations of a created, written and forced file")
                .isEqualTo(OPERATIONS_OF_ONE_FORCED_WRITE);
        Files.delete(file);

        PowerLossDisk disk = new PowerLossDisk(root, CRASH_AT_THE_SECOND_OPERATION, Survivors.ALL);
        try (FileChannel channel = disk.open(file, CREATE, READ, WRITE)) {
            assertThatThrownBy(() -> channel.write(ByteBuffer.wrap(CONTENT), 0)).as("the second operation")
                    .isInstanceOf(PowerLossDisk.PowerLost.class);
            assertThatThrownBy(() -> channel.force(true)).as("an operation after the power loss")
                    .isInstanceOf(PowerLossDisk.PowerLost.class);
            assertThatThrownBy(() -> channel.read(ByteBuffer.allocate(CONTENT.length), 0)).as("a read after the power loss")
                    .isInstanceOf(PowerLossDisk.PowerLost.class);
        }
        assertThat(Files.size(file)).as("the file: its entry survived, the write never happened").isZero();
    }

    @Test
    void readsSeePendingWritesOverTheFile() throws IOException {
        PowerLossDisk disk = new PowerLossDisk(root, NEVER, Survivors.NONE);
        try (FileChannel channel = disk.open(file, CREATE, READ, WRITE)) {
            channel.write(ByteBuffer.wrap(CONTENT), 0);
            channel.force(true);
            channel.write(ByteBuffer.wrap(MORE), OVERLAP_AT);
            ByteBuffer read = ByteBuffer.allocate(OVERLAP_AT + MORE.length);

            assertThat(channel.read(read, 0)).as("bytes read").isEqualTo(OVERLAP_AT + MORE.length);
            assertThat(new String(read.array(), StandardCharsets.UTF_8)).as("what a read sees")
                    .isEqualTo(new String(CONTENT, 0, OVERLAP_AT, StandardCharsets.UTF_8)
                            + new String(MORE, StandardCharsets.UTF_8));
            assertThat(channel.size()).as("the size, pending writes included").isEqualTo(OVERLAP_AT + MORE.length);
        }
    }

    @Test
    void aFileWrittenOrMovedBehindTheDisksBackIsNamed() throws IOException {
        PowerLossDisk disk = new PowerLossDisk(root, NEVER, Survivors.ALL);
        disk.open(file, CREATE, READ, WRITE).close();
        forceDirectory(disk, root);
        Files.write(root.resolve("written"), CONTENT);
        Files.move(file, root.resolve("renamed"));
        disk.powerOff();

        assertThat(disk.changedBehindItsBack()).as("changes the model could not judge").containsExactlyInAnyOrder(
                "appeared: " + root.resolve("renamed"), "appeared: " + root.resolve("written"),
                "disappeared: " + file);
    }

    private byte[] afterAForcedAndAnUnforcedWrite(Survivors survivors) throws IOException {
        PowerLossDisk disk = new PowerLossDisk(root, NEVER, survivors);
        try (FileChannel channel = disk.open(file, CREATE, READ, WRITE)) {
            forceDirectory(disk, root);
            channel.write(ByteBuffer.wrap(CONTENT), 0);
            channel.force(true);
            channel.write(ByteBuffer.wrap(MORE), CONTENT.length);
            disk.powerOff();
        }
        return Files.readAllBytes(file);
    }

    private static void forceDirectory(PowerLossDisk disk, Path dir) throws IOException {
        try (FileChannel directory = disk.open(dir, READ)) {
            directory.force(true);
        }
    }
}
