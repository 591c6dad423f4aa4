/// ProbeHound's version, shown by `--version`, in ECS `observer.version` and the HTML report.
public enum ProductVersion {
    /// The release the package and reports carry; bumped with each release.
    public static let current = "0.2.0"
}
