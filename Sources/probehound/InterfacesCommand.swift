import ArgumentParser
import Capture

/// `probehound interfaces`: what `live -i` can open, as libpcap sees it.
struct InterfacesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interfaces",
        abstract: "List capture devices (pcap_findalldevs) with their addresses."
    )

    func run() throws {
        let devices: [CaptureDevice]
        do {
            devices = try CaptureDevice.all()
        } catch {
            throw InputError(error.description)
        }
        FileOutput.standardOutput.write(Self.listing(devices))
    }

    static func listing(_ devices: [CaptureDevice]) -> String {
        var out = ""
        for device in devices {
            var flags: [String] = []
            if device.isUp { flags.append("up") }
            if device.isRunning { flags.append("running") }
            if device.isLoopback { flags.append("loopback") }
            out += device.name
            if !flags.isEmpty { out += " [" + flags.joined(separator: ",") + "]" }
            if let description = device.description { out += " " + description }
            out += "\n"
            for address in device.addresses { out += "    " + address + "\n" }
        }
        return out
    }
}
