# frozen_string_literal: true

require_relative "../require/macfuse"

# spfsd from source: a Maven build on Homebrew's JDK 25, run through spfsd's own launcher
# (native access enabled, an AOT start-up cache beside the jar).
class Spfsd < Formula
  desc "Per-process-tree software runtimes from a content-addressed repository, over FUSE"
  homepage "https://github.com/spfsd/spfsd"
  url "https://github.com/spfsd/spfsd/archive/refs/tags/v0.1.0.tar.gz"
  sha256 "0000000000000000000000000000000000000000000000000000000000000000"
  license "Apache-2.0"
  head "https://github.com/spfsd/spfsd.git", branch: "main"

  depends_on "maven" => :build
  depends_on "openjdk@25"

  on_macos do
    depends_on MacfuseRequirement
  end

  on_linux do
    depends_on "libfuse"
  end

  def install
    ENV["JAVA_HOME"] = Language::Java.java_home("25")
    system "mvn", "-B", "-q", "-DskipTests", "package"
    libexec.install "target/spfsd.jar"
    (libexec/"bin").install "bin/spfsd"
    env = Language::Java.java_home_env("25").merge(SPFSD_JAR: libexec/"spfsd.jar")
    (bin/"spfsd").write_env_script libexec/"bin/spfsd", env
    man1.install Dir["target/man/man1/*.1"]
    generate_completions_from_executable(bin/"spfsd", "completion")
  end

  def caveats
    <<~EOS
      The machine's daemon serves /spfs for every user: add a line "spfs" to
      /etc/synthetic.conf and reboot (macOS's root is read-only), then
        sudo brew services start spfsd
      Without it, each user's spfsd starts a daemon of their own, with a mount point of its own.
      `spfsd doctor` checks the whole set-up.
    EOS
  end

  # The machine's daemon: `sudo brew services start spfsd` (a LaunchDaemon, as root) serves
  # /spfs for every user, each request allowed by the socket's peer credentials.
  service do
    run [opt_bin/"spfsd", "serve", "--all-users"]
    require_root true
    keep_alive successful_exit: false
    log_path var/"log/spfsd.log"
    error_log_path var/"log/spfsd.log"
  end

  test do
    ENV["SPFSD_REPO"] = (testpath/"repo").to_s
    (testpath/"layer/etc/hello.conf").write "hello\n"
    digest = shell_output("#{bin}/spfsd commit -q #{testpath}/layer").strip
    assert_match(/\A[A-Z2-7]{52}\z/, digest)
    assert_match "hello.conf", shell_output("#{bin}/spfsd ls #{digest} /etc")
    assert_equal "hello\n", shell_output("#{bin}/spfsd cat #{digest} /etc/hello.conf")
    # The whole job (mount, runtimes, isolation, commit, unmount) where FUSE can be used.
    fuse = OS.mac? ? "/usr/local/lib/libfuse3.4.dylib" : "/dev/fuse"
    assert_match "self-test passed", shell_output("#{bin}/spfsd doctor --self-test") if File.exist?(fuse)
  end
end
