// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title RebasingToken
/// @notice Devnet screening case: balances are shares times an index that grows with time (like stETH or an aToken),
///         so a holder's balance changes without any transfer, and a pool's reserves drift from its balance.
contract RebasingToken is IERC20 {
    string public name;
    string public symbol;
    uint8 public constant decimals = 18;
    address public immutable owner;
    uint256 public immutable start;
    /// @notice Index growth per second, 18 decimals (1e18 = +100% of the starting index per second).
    uint256 public immutable ratePerSecond;

    uint256 public totalShares;
    mapping(address => uint256) public sharesOf;
    mapping(address => mapping(address => uint256)) public allowance;

    error NotOwner();
    error InsufficientBalance(address from, uint256 balance, uint256 needed);
    error InsufficientAllowance(address spender, uint256 allowance, uint256 needed);

    constructor(string memory name_, string memory symbol_, uint256 ratePerSecond_, address owner_) {
        (name, symbol, ratePerSecond, owner, start) = (name_, symbol_, ratePerSecond_, owner_, block.timestamp);
    }

    /// @notice Balance per share, 18 decimals.
    function index() public view returns (uint256) {
        return 1e18 + (block.timestamp - start) * ratePerSecond;
    }

    function totalSupply() external view returns (uint256) {
        return Math.mulDiv(totalShares, index(), 1e18);
    }

    function balanceOf(address account) public view returns (uint256) {
        return Math.mulDiv(sharesOf[account], index(), 1e18);
    }

    /// @notice Mints `amount` (at the current index) to `to`. Owner only.
    function mint(address to, uint256 amount) external {
        if (msg.sender != owner) revert NotOwner();
        uint256 shares = Math.mulDiv(amount, 1e18, index());
        sharesOf[to] += shares;
        totalShares += shares;
        emit Transfer(address(0), to, amount);
    }

    function approve(address spender, uint256 amount) external returns (bool) {
        allowance[msg.sender][spender] = amount;
        emit Approval(msg.sender, spender, amount);
        return true;
    }

    function transfer(address to, uint256 amount) external returns (bool) {
        _transfer(msg.sender, to, amount);
        return true;
    }

    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed != type(uint256).max) {
            if (allowed < amount) revert InsufficientAllowance(msg.sender, allowed, amount);
            allowance[from][msg.sender] = allowed - amount;
        }
        _transfer(from, to, amount);
        return true;
    }

    function _transfer(address from, address to, uint256 amount) private {
        uint256 shares = Math.mulDiv(amount, 1e18, index(), Math.Rounding.Ceil);
        uint256 have = sharesOf[from];
        if (have < shares) revert InsufficientBalance(from, balanceOf(from), amount);
        sharesOf[from] = have - shares;
        sharesOf[to] += shares;
        emit Transfer(from, to, amount);
    }
}
