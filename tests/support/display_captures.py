"""Real device output the display rules and IKEv2 defaults cite, quoted unchanged.

* ``HQ_EDGE_15_4``: ``show running-config`` of an IOS 15.4 router, SirMysterion/
  wiki-techpatix@5920cd3053338f2a7e7941bf1f94773bd0ced693 networking/CONFIGS/HQ-EDGE.md;
* ``XE_16_9_DEFAULT`` / ``XE_17_11_DEFAULT``: ``show crypto ikev2 proposal`` of IOS-XE,
  CiscoTestAutomation/genieparser (Apache-2.0) src/genie/libs/parser/iosxe/tests/
  ShowCryptoIkev2Proposal/cli/equal/golden_output_output.txt@e33245510c152718bc79f742fa9032899d9c2c19
  and golden_output_1_output.txt@18fe49c5f84567f723f2867996c157aae276b6e3.

docs/display-rules.md lists them with the rules they support.
"""

from __future__ import annotations

# Two excerpts of the capture (the key line between them left out), trailing blanks kept.
HQ_EDGE_15_4 = """\
version 15.4
crypto isakmp policy 10
 encr aes 256
 authentication pre-share
 group 5
 lifetime 3600
crypto ipsec transform-set 50 ah-sha-hmac esp-aes 256 esp-sha-hmac\x20
 mode tunnel
"""

XE_16_9_DEFAULT = """\
IKEv2 proposal: default
     Encryption : AES-CBC-256
     Integrity  : SHA512 SHA384
     PRF        : SHA512 SHA384
     DH Group   : DH_GROUP_256_ECP/Group 19 DH_GROUP_2048_MODP/Group 14 DH_GROUP_521_ECP/Group 21 DH_GROUP_1536_MODP/Group 5
"""  # noqa: E501

XE_17_11_DEFAULT = """\
 IKEv2 proposal: default\x20
     Encryption : AES-CBC-256
     Integrity  : SHA512 SHA384
     PRF        : SHA512 SHA384
     DH Group   : DH_GROUP_256_ECP/Group 19 DH_GROUP_2048_MODP/Group 14 DH_GROUP_521_ECP/Group 21
     PQC Key Exchange: ML-KEM-768 ML-KEM-1024 Optional
"""
