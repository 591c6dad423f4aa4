/// ProbeHound's version, shown by `--version`, in ECS `observer.version` and the HTML report.
public enum ProductVersion {
    public static let current = "0.2.0"
}
