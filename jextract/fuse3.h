/* Input to jextract: the libfuse3 low-level API, at the API level spfsd targets.
 * FUSE_USE_VERSION 312 selects fuse_session_loop_mt_312 and the 3.12 loop config. */
#define FUSE_USE_VERSION 312
#include <fuse3/fuse_lowlevel.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
