"""The DMVPN control-plane model: IKE/IPsec, NHRP, routing and the data path, from configs.

Pure and deterministic (no sockets, threads or clocks): it reads routers' configs and
the underlay and computes :class:`~dmvpnprov.dmvpn.state.NetworkState`.
"""
