# frozen_string_literal: true

# macFUSE is closed source, so Homebrew can only require it, not install it. spfsd needs
# macFUSE 4.10 or newer: the first with libfuse3.
class MacfuseRequirement < Requirement
  fatal true

  satisfy(build_env: false) { File.exist?("/usr/local/lib/libfuse3.4.dylib") }

  def message
    <<~EOS
      spfsd needs macFUSE 4.10 or newer (its libfuse3):
        brew install --cask macfuse
      then allow its system extension and reboot, as macFUSE's installer says.
    EOS
  end
end
