"""dmvpnprov: provision and audit Cisco DMVPN fleets."""

__version__ = "0.1.0"
