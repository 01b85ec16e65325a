package io.spfsd.fs;

import io.spfsd.fs.api.AttrOut;
import io.spfsd.fs.api.Caller;
import io.spfsd.fs.api.EntryOut;
import io.spfsd.fs.api.Filesystem;
import io.spfsd.fs.api.OpenOut;
import io.spfsd.fs.api.SetattrIn;
import io.spfsd.fs.api.ValueOut;
import java.nio.ByteBuffer;

/**
 * The writing half of the filesystem contract, forwarded as it is to the object that does it
 * ({@link ScratchWrites}): the filesystem holds one and says which; nothing here has state.
 */
interface ForwardsWrites extends Filesystem {
    ScratchWrites writes();

    @Override
    default int create(Caller c, long parent, String name, int mode, int flags, EntryOut entry, OpenOut open) {
        return writes().create(c, parent, name, mode, flags, entry, open);
    }

    @Override
    default int mkdir(Caller c, long parent, String name, int mode, EntryOut out) {
        return writes().mkdir(c, parent, name, mode, out);
    }

    @Override
    default int mknod(Caller c, long parent, String name, int mode, long rdev, EntryOut out) {
        return writes().mknod(c, parent, name, mode, rdev, out);
    }

    @Override
    default int symlink(Caller c, String target, long parent, String name, EntryOut out) {
        return writes().symlink(c, target, parent, name, out);
    }

    @Override
    default int link(Caller c, long ino, long newParent, String newName, EntryOut out) {
        return writes().link(c, ino, newParent, newName, out);
    }

    @Override
    default int unlink(Caller c, long parent, String name) {
        return writes().unlink(c, parent, name);
    }

    @Override
    default int rmdir(Caller c, long parent, String name) {
        return writes().rmdir(c, parent, name);
    }

    @Override
    default int rename(Caller c, long parent, String name, long newParent, String newName, int flags) {
        return writes().rename(c, parent, name, newParent, newName, flags);
    }

    @Override
    default int setattr(Caller c, long ino, SetattrIn in, AttrOut out) {
        return writes().setattr(c, ino, in, out);
    }

    @Override
    default int write(Caller c, long ino, long fh, ByteBuffer data, long offset, ValueOut out) {
        return writes().write(c, ino, fh, data, offset, out);
    }

    @Override
    default int fsync(Caller c, long ino, long fh, boolean dataOnly) {
        return writes().fsync(c, ino, fh, dataOnly);
    }

    @Override
    default int getxattr(Caller c, long ino, String name, long size, ValueOut out) {
        return writes().getxattr(c, ino, name, size, out);
    }

    @Override
    default int listxattr(Caller c, long ino, long size, ValueOut out) {
        return writes().listxattr(c, ino, size, out);
    }

    @Override
    default int setxattr(Caller c, long ino, String name, byte[] value, int flags) {
        return writes().setxattr(c, ino, name, value, flags);
    }

    @Override
    default int removexattr(Caller c, long ino, String name) {
        return writes().removexattr(c, ino, name);
    }

    @Override
    default int fallocate(Caller c, long ino, long fh, int mode, long offset, long length) {
        return writes().fallocate(c, ino, fh, mode, offset, length);
    }

    @Override
    default int copyFileRange(Caller c, long inIno, long inFh, long inOffset, long outIno, long outFh, long outOffset,
                              long length, int flags, ValueOut out) {
        return writes().copyFileRange(c, inIno, inFh, inOffset, outIno, outFh, outOffset, length, flags, out);
    }
}
